// A loopback ClickHouse server for the tests: node:http speaking the part of ClickHouse's HTTP
// query protocol the client uses (src/engine/clickhouse.ts), executing every query in chdb — the
// real ClickHouse engine. Only the transport is a stand-in: results, errors and their codes are
// chdb's own; what a server adds around them (the HTTP status for an error code, the
// `X-ClickHouse-*` headers, the 516 text of a failed login, CORS for `add_http_cors_header=1` and
// preflights answered as `http_options_response` configures) follows ClickHouse's server.
// Plain JavaScript so the e2e tests (node, no TypeScript) can start it as well as vitest.
import { createServer } from 'node:http';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** URL parameters that are not settings. */
const NOT_SETTINGS = new Set([
  'query',
  'database',
  'default_format',
  'query_id',
  'user',
  'password',
  'add_http_cors_header',
  'session_id',
  // HTTP handler parameters, not settings
  'wait_end_of_query',
]);

/** ClickHouse's HTTP status for an error code (HTTPHandler's exceptionCodeToHTTPStatus). */
function statusOf(code) {
  if ([192, 193, 194, 195, 516].includes(code)) return 403;
  // SYNTAX_ERROR, CANNOT_PARSE_*, UNKNOWN_ELEMENT_IN_AST…
  if ([62, 26, 27, 6, 38, 41, 72, 69, 50].includes(code)) return 400;
  // UNKNOWN_TABLE, UNKNOWN_FUNCTION, UNKNOWN_IDENTIFIER, UNKNOWN_TYPE, UNKNOWN_DATABASE, UNKNOWN_SETTING…
  if ([60, 46, 47, 50, 56, 81, 115, 73, 63].includes(code)) return 404;
  if (code === 48) return 501;
  return 500;
}

/** The text ClickHouse (23.x and later) sends when a login fails. */
export function authFailedText(user, version) {
  return (
    `Code: 516. DB::Exception: ${user}: Authentication failed: password is incorrect, or there is no user with such name.\n\n` +
    'If you have installed ClickHouse and forgot password you can reset it in the configuration file.\n' +
    'The password for default user is typically located at /etc/clickhouse-server/users.d/default-password.xml\n' +
    'and deleting this file will reset the password.\n' +
    'See also /etc/clickhouse-server/users.xml on the server where ClickHouse is installed.\n\n' +
    `. (AUTHENTICATION_FAILED) (version ${version} (official build))\n`
  );
}

const CORS_PREFLIGHT = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers':
    'origin, x-requested-with, x-clickhouse-user, x-clickhouse-key, content-type, authorization',
  'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
  'Access-Control-Max-Age': '86400',
};

function chdbDir() {
  return (
    process.env.CRM_CHDB_DIR ?? fileURLToPath(new URL('../../../.engines/chdb/', import.meta.url))
  );
}

/**
 * Starts the server on 127.0.0.1 (a free port). `user`/`password`: the one account it accepts
 * (default: `default` with no password). `profile`: settings the server forces on every query,
 * as a user profile with constraints would (e.g. `{ max_memory_usage: '2000000' }`). `cors`:
 * answer preflights (default true). One per process (chdb opens one data directory). Returns
 * `{ url, requests, setProfile(), sql(), close() }`; `requests` records each
 * request's URL parameters and headers.
 */
export async function startClickHouse(opts = {}) {
  const chdb = createRequire(join(chdbDir(), 'package.json'))('chdb');
  const dir = await mkdtemp(join(tmpdir(), 'crm-ch-server-'));
  const session = new chdb.Session(join(dir, 'db'));
  const version = (await session.queryAsync('SELECT version()', { format: 'TSV' })).text().trim();
  const user = opts.user ?? 'default';
  const password = opts.password ?? '';
  let profile = opts.profile ?? {};
  const cors = opts.cors ?? true;
  const requests = [];
  let tail = Promise.resolve();
  let files = 0;

  /** One query at a time, as chdb runs them; settings apply to this request only. */
  function execute(sql, format, settings, database, body) {
    const run = tail.then(async () => {
      const set = Object.entries(settings);
      const q = (s) => `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
      let file = null;
      try {
        if (set.length)
          await session.queryAsync(`SET ${set.map(([k, v]) => `${k} = ${q(v)}`).join(', ')}`);
        await session.queryAsync(`USE \`${database.replace(/`/g, '\\`')}\``);
        let text = sql;
        // The body of an INSERT … FORMAT is its data: chdb reads it from a private file.
        const insert = body ? /^\s*(INSERT\s+INTO\s+.+?)\s+FORMAT\s+(\w+)\s*$/is.exec(sql) : null;
        if (insert) {
          file = join(dir, `body-${++files}`);
          await writeFile(file, body);
          text = `${insert[1]} FROM INFILE ${q(file)} FORMAT ${insert[2]}`;
        } else if (body) text = `${sql}\n${body.toString('utf8')}`;
        return (
          await session.queryAsync(text, format ? { format } : { format: 'TabSeparated' })
        ).bytes();
      } finally {
        if (file) await unlink(file).catch(() => undefined);
        if (set.length)
          await session
            .queryAsync(`SET ${set.map(([k]) => `${k} = DEFAULT`).join(', ')}`)
            .catch(() => undefined);
      }
    });
    tail = run.catch(() => undefined);
    return run;
  }

  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const params = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method, params, headers: { ...req.headers } });
    const cross = params.add_http_cors_header === '1' ? { 'Access-Control-Allow-Origin': '*' } : {};
    if (req.method === 'OPTIONS') {
      res.writeHead(cors ? 204 : 405, cors ? CORS_PREFLIGHT : {}).end();
      return;
    }
    if (url.pathname === '/ping' || (req.method === 'GET' && !params.query)) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8', ...cross }).end('Ok.\n');
      return;
    }
    const fail = (code, text) =>
      res
        .writeHead(statusOf(code), {
          'Content-Type': 'text/plain; charset=UTF-8',
          'X-ClickHouse-Exception-Code': String(code),
          'X-ClickHouse-Server-Display-Name': 'loopback',
          ...cross,
        })
        .end(text);
    let who = req.headers['x-clickhouse-user'] ?? params.user ?? 'default';
    let key = req.headers['x-clickhouse-key'] ?? params.password ?? '';
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (basic) {
      const [u, ...p] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
      who = u;
      key = p.join(':');
    }
    if (who !== user || key !== password) {
      fail(516, authFailedText(who, version));
      return;
    }
    const settings = {};
    for (const [k, v] of Object.entries(params)) if (!NOT_SETTINGS.has(k)) settings[k] = v;
    Object.assign(settings, profile);
    const sql = params.query ?? body.toString('utf8');
    const queryId = params.query_id ?? `loopback-${requests.length}`;
    try {
      const out = await execute(
        sql,
        params.default_format,
        settings,
        params.database ?? 'default',
        params.query !== undefined && body.length ? body : null,
      );
      res
        .writeHead(200, {
          'Content-Type':
            params.default_format === 'ArrowStream'
              ? 'application/octet-stream'
              : 'text/tab-separated-values; charset=UTF-8',
          'X-ClickHouse-Query-Id': queryId,
          'X-ClickHouse-Format': params.default_format ?? 'TabSeparated',
          'X-ClickHouse-Timezone': 'UTC',
          ...cross,
        })
        .end(Buffer.from(out));
    } catch (e) {
      const code = typeof e?.clickhouseCode === 'number' ? e.clickhouseCode : 1001;
      const text = String(e?.message ?? e);
      fail(code, `${text.trim()} (version ${version} (official build))\n`);
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Replaces the settings forced on every query (see `profile`). */
    setProfile(p) {
      profile = p;
    },
    /** Runs SQL directly in chdb (test set-up), outside the HTTP path. */
    sql: (text, format = 'TSV') => execute(text, format, {}, 'default', null),
    async close() {
      const closed = new Promise((r) => server.close(r));
      server.closeAllConnections();
      await closed;
      await tail;
      session.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
