// Guangzhou's 11 districts with a point near each district's government seat (GCJ-02): the district picker of a
// typed address, the point sent for it, and the nearest-district guess for partner requests that carry only a point.

export const GZ_DISTRICTS: readonly { name: string; lat: number; lng: number }[] = [
  { name: '越秀区', lat: 23.129, lng: 113.2668 },
  { name: '海珠区', lat: 23.0838, lng: 113.3172 },
  { name: '荔湾区', lat: 23.1259, lng: 113.2442 },
  { name: '天河区', lat: 23.1247, lng: 113.3612 },
  { name: '白云区', lat: 23.1579, lng: 113.2731 },
  { name: '黄埔区', lat: 23.1063, lng: 113.4594 },
  { name: '番禺区', lat: 22.938, lng: 113.3845 },
  { name: '花都区', lat: 23.404, lng: 113.2203 },
  { name: '南沙区', lat: 22.8016, lng: 113.525 },
  { name: '从化区', lat: 23.5489, lng: 113.5868 },
  { name: '增城区', lat: 23.2613, lng: 113.8109 },
]
