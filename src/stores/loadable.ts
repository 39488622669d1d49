// Load status shared by stores that fetch from the API: idle → loading → ready | failed.
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed'
