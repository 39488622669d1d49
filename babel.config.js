// Babel for the Taro builds and for jest (the same preset, so tests compile code the way the app does).
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
}
