// The 一屏观 clusters only the hotspot candidates (server/modules/dashboard/repo.ts located): hotspotCandidates must
// keep every request a cluster can hold, so that clustering the candidates gives exactly the clusters of all rows.
// Checked here on generated cities — dense knots of one category among a scattered background, points on the 500 m
// boundary, several categories on the same spot — against the clustering of every row, and against a brute-force
// count of neighbours (every pair compared).
import { clusterHotspots, hotspotCandidates, HOTSPOT_MIN, HOTSPOT_RADIUS_M } from '../../server/modules/similar/hotspots'
import { distanceMeters } from '../../server/modules/similar/score'
import { rng } from '../support/random'

const CATEGORIES = ['traffic.parking', 'urban.sanitation', 'environment.noise']
const M_PER_DEGREE_LAT = 111_195

/** A generated week of located requests: background over a ~20 km square and knots of 3–9 within ~400 m. */
function city(seed: number) {
  const next = rng(seed)
  const rows: { request_id: string; category: string; lat: number; lng: number; filed_at: Date; number: string; status: 'submitted' }[] = []
  const add = (category: string, lat: number, lng: number) =>
    rows.push({
      request_id: `r${rows.length}`,
      category,
      lat,
      lng,
      filed_at: new Date(Date.UTC(2026, 10, 30) + Math.floor(next() * 7 * 86_400_000)),
      number: `B${String(rows.length).padStart(6, '0')}`,
      status: 'submitted',
    })
  for (let i = 0; i < 1500; i++) add(CATEGORIES[Math.floor(next() * 3)], 23.0 + next() * 0.18, 113.2 + next() * 0.2)
  for (let k = 0; k < 25; k++) {
    const [lat, lng, category] = [23.0 + next() * 0.18, 113.2 + next() * 0.2, CATEGORIES[k % 3]]
    const n = 3 + Math.floor(next() * 7)
    for (let i = 0; i < n; i++) add(category, lat + (next() - 0.5) * 0.007, lng + (next() - 0.5) * 0.007)
  }
  // Exactly on the boundary: a centre with four others at 500 m (in) and one just beyond (out).
  const [lat0, lng0] = [23.3, 113.5]
  add('traffic.parking', lat0, lng0)
  for (let i = 0; i < 4; i++) add('traffic.parking', lat0 + ((i % 2 ? 1 : -1) * (HOTSPOT_RADIUS_M - 0.01)) / M_PER_DEGREE_LAT, lng0)
  add('traffic.parking', lat0 + (HOTSPOT_RADIUS_M + 1) / M_PER_DEGREE_LAT, lng0)
  rows.sort((a, b) => a.filed_at.getTime() - b.filed_at.getTime() || (a.number < b.number ? -1 : 1))
  return rows
}

describe('hotspot candidates', () => {
  it.each([1, 2, 3, 20261207])('clusters the candidates exactly as every row (city %i)', (seed) => {
    const rows = city(seed)
    const keep = hotspotCandidates(rows)
    const candidates = rows.filter((_, i) => keep[i])
    const all = clusterHotspots(rows)
    expect(all.length).toBeGreaterThan(3)
    expect(candidates.length).toBeLessThan(rows.length / 2)
    expect(clusterHotspots(candidates)).toEqual(all)
  })

  it('keeps exactly the requests within 500 m of one with ≥ 5 of its category within 500 m (every pair compared)', () => {
    const rows = city(7)
    const dense = rows.map((x) => rows.filter((y) => y.category === x.category && distanceMeters(x, y) <= HOTSPOT_RADIUS_M).length >= HOTSPOT_MIN)
    const want = rows.map((x) => rows.some((y, j) => dense[j] && y.category === x.category && distanceMeters(x, y) <= HOTSPOT_RADIUS_M))
    expect(hotspotCandidates(rows)).toEqual(want)
    expect(want.filter(Boolean).length).toBeGreaterThan(0)
  })

  it('answers for no points, one category below the minimum, and points spread over half the globe', () => {
    expect(hotspotCandidates([])).toEqual([])
    const four = [0, 1, 2, 3].map((i) => ({ category: 'traffic.parking', lat: 23.1 + i * 1e-5, lng: 113.3 }))
    expect(hotspotCandidates(four)).toEqual([false, false, false, false])
    // Far apart points make the grid coarsen (still exact): the five together are kept, the lone ones not.
    const spread = [
      ...[0, 1, 2, 3, 4].map((i) => ({ category: 'x', lat: 23.1 + i * 1e-4, lng: 113.3 })),
      { category: 'x', lat: -60, lng: -170 },
      { category: 'x', lat: 70, lng: 170 },
    ]
    expect(hotspotCandidates(spread)).toEqual([true, true, true, true, true, false, false])
  })
})
