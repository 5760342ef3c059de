const MB = 1024 * 1024

/** Bytes as MB with one decimal: "152.8 MB". */
export const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`

/** A signed byte delta as MB: "+7.5 MB". */
export const deltaMb = (bytes: number) => `${bytes >= 0 ? '+' : '-'}${Math.abs(bytes / MB).toFixed(1)} MB`

/** A signed percentage: "+5.2%". */
export const pct = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)}%`
