import { ConfigError } from './config/config.js';
import { startIcabinet } from './runtime.js';
import { StoreOpenError } from './store/port.js';
import { RedisUnavailableError } from './realtime/redis-adapter.js';

/** CLI entry: `npm start`. Plain lines on stderr for start-up failures, so a person can read them. */
async function main(): Promise<void> {
  try {
    const running = await startIcabinet(process.env);
    if (running.generatedAdminPassword) {
      process.stdout.write(
        [
          '',
          '================================================================',
          ' Tài khoản quản trị đầu tiên / First administrator account',
          `   username: admin`,
          `   password: ${running.generatedAdminPassword}`,
          ' Mật khẩu chỉ hiện một lần. / This password is shown only once.',
          '================================================================',
          '',
        ].join('\n'),
      );
    }
    process.stdout.write(`I-Cabinet: ${running.url} (store: ${running.store.kind})\n`);
    const shutdown = (signal: string) => {
      running.logger.info({ signal }, 'shutting down');
      running.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          running.logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  } catch (err) {
    if (err instanceof ConfigError || err instanceof StoreOpenError || err instanceof RedisUnavailableError) {
      process.stderr.write(`I-Cabinet cannot start: ${err.message}\n`);
    } else {
      process.stderr.write(
        `I-Cabinet cannot start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    }
    process.exit(1);
  }
}

void main();
