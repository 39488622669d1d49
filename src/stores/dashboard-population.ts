// Resident population (常住人口) of Guangzhou's 11 districts on 1 November 2020, for the 一屏观 map's "per 10,000
// residents" figures.
//
// Source: 广州市第七次全国人口普查公报 2020（第二号——地区人口情况）, 广州市统计局 / 广州市第七次全国人口普查领导小组
// 办公室, published 18 May 2021; figures given there in 万人 to two decimals (citywide total 1867.66 万). Public
// statistical data. The eleven figures add up to the published total exactly (a unit test checks it). See src/packages/command/data/README.md.

/** Population in 万人 (10,000 persons), as the 公报 gives it. */
export const DISTRICT_POPULATION_WAN: Readonly<Record<string, number>> = {
  越秀区: 103.86,
  海珠区: 181.9,
  荔湾区: 123.84,
  天河区: 224.18,
  白云区: 374.3,
  黄埔区: 126.45,
  番禺区: 265.84,
  花都区: 164.24,
  南沙区: 84.68,
  从化区: 71.78,
  增城区: 146.59,
}

/** Requests per 10,000 residents of a district (two decimals), or null when its population is not known. */
export function perTenThousandOf(district: string, received: number): number | null {
  const wan = DISTRICT_POPULATION_WAN[district]
  if (!wan) return null
  return Math.round((received / wan) * 100) / 100
}
