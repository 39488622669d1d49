// Which of Guangzhou's districts holds a point (a hotspot's centre), from the bundled boundaries; and a point inside
// each district to label or click it.
import { GZ_DISTRICTS } from '@domain/districts'
import { GUANGZHOU_DISTRICTS_GEOJSON, type DistrictFeature } from '../data/guangzhou-districts'

type Ring = [number, number][]

function inRing([x, y]: [number, number], ring: Ring): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

function polygons(f: DistrictFeature): Ring[][] {
  return f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
}

function inFeature(p: [number, number], f: DistrictFeature): boolean {
  return polygons(f).some(([outer, ...holes]) => inRing(p, outer) && !holes.some((h) => inRing(p, h)))
}

/** The district whose boundary holds the point, else the one whose seat is nearest. */
export function districtAt(lng: number, lat: number): string {
  const hit = GUANGZHOU_DISTRICTS_GEOJSON.features.find((f) => inFeature([lng, lat], f))
  if (hit) return hit.properties.name
  let best = GZ_DISTRICTS[0]
  for (const d of GZ_DISTRICTS) {
    if ((d.lng - lng) ** 2 + (d.lat - lat) ** 2 < (best.lng - lng) ** 2 + (best.lat - lat) ** 2) best = d
  }
  return best.name
}

/** A point inside each district: its seat when the boundary holds it, else the middle of its largest ring's box. */
export function districtAnchor(name: string): [number, number] | null {
  const f = GUANGZHOU_DISTRICTS_GEOJSON.features.find((x) => x.properties.name === name)
  if (!f) return null
  const seat = GZ_DISTRICTS.find((d) => d.name === name)
  if (seat && inFeature([seat.lng, seat.lat], f)) return [seat.lng, seat.lat]
  const outer = polygons(f).map((p) => p[0]).sort((a, b) => b.length - a.length)[0]
  const xs = outer.map((p) => p[0])
  const ys = outer.map((p) => p[1])
  return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2]
}
