// Dev-only: `npm run build && npm run demo -- --port 4173 [--frozen] [--urgent] [--teams 24]`
// then open http://127.0.0.1:4173/screen/?event=jfr-2019. A submission every few seconds.
import { parseArgs } from 'node:util';
import { startDemoFeed } from './demo-feed.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4173' },
    teams: { type: 'string', default: '20' },
    frozen: { type: 'boolean', default: false },
    urgent: { type: 'boolean', default: false },
    every: { type: 'string', default: '4' },
  },
});

const demo = await startDemoFeed(Number(values.port), {
  teams: Number(values.teams),
  frozen: values.frozen,
  lungClosesInMinutes: values.urgent ? 8 : 45,
});
console.log(`demo feed on ${demo.url}/screen/?event=${demo.event.slug}`);
const timer = setInterval(() => demo.submit(), Number(values.every) * 1000);
process.on('SIGINT', () => {
  clearInterval(timer);
  void demo.stop().then(() => process.exit(0));
});
