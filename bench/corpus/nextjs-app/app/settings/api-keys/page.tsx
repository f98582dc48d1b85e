// app/settings/api-keys/page.tsx - Manage personal API keys
import { redirect } from 'next/navigation';
import { auth } from '@/lib/auth';
import { pool } from '@/lib/db';

const KEY_PREFIX = 'tf_live_';
const EXAMPLE_KEY = 'tf_live_xxxxxxxxxxxxxxxxxxxxxxxx';
const DOCS_URL = 'https://docs.taskflow.example.com/api/authentication';

type ApiKeyRow = { id: string; name: string; last_four: string; created_at: Date; last_used_at: Date | null };

function maskKey(lastFour: string) {
  return `${KEY_PREFIX}${'•'.repeat(20)}${lastFour}`;
}

export default async function ApiKeysPage() {
  const session = await auth();
  if (!session?.user) redirect('/login');

  const { rows } = await pool.query<ApiKeyRow>(
    'SELECT id, name, last_four, created_at, last_used_at FROM api_keys WHERE owner_email = $1 ORDER BY created_at DESC',
    [session.user.email]
  );

  return (
    <section className="space-y-6">
      <header>
        <h1 className="text-xl font-semibold">API keys</h1>
        <p className="text-sm text-gray-600">
          Use an API key in the <code>Authorization: Bearer</code> header. Keys look like <code>{EXAMPLE_KEY}</code>.
          See the <a href={DOCS_URL}>authentication docs</a>.
        </p>
      </header>
      <table className="w-full text-sm">
        <thead>
          <tr>
            <th className="text-left">Name</th>
            <th className="text-left">Key</th>
            <th className="text-left">Created</th>
            <th className="text-left">Last used</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td className="font-mono">{maskKey(k.last_four)}</td>
              <td>{k.created_at.toLocaleDateString()}</td>
              <td>{k.last_used_at ? k.last_used_at.toLocaleDateString() : 'Never'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
