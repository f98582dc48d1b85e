import type { TextDetector } from '../../detector';
import { secretFix } from './fix';
import { CONNECTION_RULE, scansFile, secretScan } from './scan';

/** Words that make a context name specific to a connection (`MONGO_URI`, `redisUrl`, `SQLALCHEMY_DATABASE_URI`). */
const CONNECTION_BRANDS = ['DATABASE', 'DB', 'POSTGRES', 'POSTGRESQL', 'PG', 'MYSQL', 'MARIADB', 'MONGO', 'MONGODB', 'REDIS', 'AMQP', 'RABBIT', 'RABBITMQ', 'BROKER', 'CELERY', 'SMTP', 'MAIL', 'EMAIL', 'FTP', 'SFTP', 'LDAP', 'MQTT', 'NATS', 'NEO4J', 'CLICKHOUSE', 'SQL', 'JDBC', 'DSN', 'REPLICA', 'PRIMARY', 'READ', 'WRITE'];
/** …and must say it holds a connection string. */
const CONNECTION_NAME = /(?:^|_)(?:URL|URI|DSN|CONNECTION(?:_STRING)?|CONN(?:_STR(?:ING)?)?|ADDR|ADDRESS)$/;

/**
 * `secret/connection-string-credential` (CWE-798, CWE-259): passwords embedded in database,
 * cache, broker, mail and HTTP connection strings, in any file. The fix moves the whole
 * connection string to one environment variable (`DATABASE_URL`, `REDIS_URL`, …): splitting
 * it would leave the password's neighbours to drift apart. See `connection.ts` for what is
 * deliberately not reported.
 */
export const connectionStringCredential: TextDetector = {
  family: 'text',
  name: 'secret-connection-strings',
  rules: [CONNECTION_RULE],
  languages: 'all',
  run(ctx) {
    if (!scansFile(ctx)) return;
    for (const m of secretScan(ctx).connections) {
      const fix = secretFix(ctx, {
        start: m.start,
        end: m.end,
        fallbackEnv: m.env,
        brands: CONNECTION_BRANDS,
        nameSuffix: CONNECTION_NAME,
        form: m.form === 'whole' ? 'whole' : 'exact',
        lexed: () => ctx.lexed,
      });
      ctx.report({
        ruleId: CONNECTION_RULE,
        start: m.start,
        end: m.end,
        args: { scheme: m.schemeName, masked: m.masked, env: fix.env },
        fixes: fix.fixes,
        ...(fix.noFixReason ? { noFixReason: fix.noFixReason } : {}),
        key: `${m.schemeName}:${m.masked}`,
        properties: { scheme: m.schemeName, masked: m.masked, envVar: fix.env },
      });
    }
  },
};
