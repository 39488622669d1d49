// Masking personal data for display: phone 138****5678, ID number 440***********123X, name 张* / 张*明 / 欧**华.

function stars(n: number): string {
  return '*'.repeat(Math.max(0, n))
}

/** 11-digit numbers keep the first 3 and last 4 (138****5678); anything shorter keeps only its last 2. */
export function maskPhone(phone: string): string {
  if (phone.length >= 11) return phone.slice(0, 3) + stars(phone.length - 7) + phone.slice(-4)
  if (phone.length <= 2) return stars(phone.length)
  return stars(phone.length - 2) + phone.slice(-2)
}

/** Keeps the first 3 (province and city) and last 4 characters: 440***********123X. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 7) return stars(idNumber.length)
  return idNumber.slice(0, 3) + stars(idNumber.length - 7) + idNumber.slice(-4)
}

/**
 * The common government convention: keep the surname (first character); a 2-character name shows 张*,
 * a longer one also keeps its last character: 张*明, 欧**华, 买****力. A single character becomes *.
 * Works on characters (code points), not UTF-16 units, so rare characters outside the BMP count once.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length <= 1) return stars(chars.length)
  if (chars.length === 2) return `${chars[0]}*`
  return chars[0] + stars(chars.length - 2) + chars[chars.length - 1]
}
