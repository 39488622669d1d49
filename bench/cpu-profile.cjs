// Preloaded into an API node by `bench/mixed.ts --profile DIR` (node --require): records a V8 CPU profile of the whole
// process from SIGUSR2 on and writes DIR/node-<pid>.cpuprofile when it exits (open it in Chrome DevTools → Performance).
// NODE_OPTIONS may not carry --cpu-prof, hence this. The in-process inspector session answers synchronously, so the
// profile can be taken in the 'exit' handler.
const { Session } = require('node:inspector')
const { writeFileSync } = require('node:fs')
const path = require('node:path')

const dir = process.env.CPU_PROFILE_DIR
if (dir) {
  const session = new Session()
  session.connect()
  let started = false
  // SIGUSR2 (sent by the bench when its measured run starts) begins the profile, so that start-up and loading stay out.
  process.on('SIGUSR2', () => {
    if (started) return
    started = true
    session.post('Profiler.enable')
    session.post('Profiler.setSamplingInterval', { interval: 500 })
    session.post('Profiler.start')
  })
  process.on('exit', () => {
    if (!started) return
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(path.join(dir, `node-${process.pid}.cpuprofile`), JSON.stringify(result.profile))
    })
  })
}
