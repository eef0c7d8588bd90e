import { devStackStatus, startStack, stopDevStack } from './stack.ts';

const repoRoot = process.cwd();
const command = process.argv[2] ?? 'status';

switch (command) {
  case 'start': {
    const stack = await startStack({ profile: 'dev', repoRoot, env: process.env, log: (message) => console.log(message) });
    console.log(`KAFKA_BROKERS=${stack.kafkaBrokers}`);
    console.log(`DATABASE_URL=${stack.databaseUrl}`);
    console.log(`ready in ${JSON.stringify(stack.timings)}; stop with: npm run stack stop`);
    break;
  }
  case 'stop':
    await stopDevStack(repoRoot);
    console.log('stopped');
    break;
  case 'status': {
    const status = await devStackStatus(repoRoot);
    console.log(`kafka: ${status.kafka ? 'running' : 'stopped'}, postgres: ${status.postgres ? 'running' : 'stopped'}`);
    break;
  }
  default:
    console.error('usage: npm run stack -- start|stop|status');
    process.exitCode = 2;
}
