'use client';

// app/login/page.tsx - Sign-in form
import { useState } from 'react';
import { signIn } from 'next-auth/react';
import { useRouter, useSearchParams } from 'next/navigation';

const PASSWORD_MIN_LENGTH = 10;
const PASSWORD_PATTERN = /^(?=.*[A-Za-z])(?=.*\d)(?=.*[^A-Za-z\d]).{10,}$/;
const passwordLabel = 'Password';
const passwordPlaceholder = 'Enter your password';
const forgotPasswordHref = '/forgot-password';

export default function LoginPage() {
  const router = useRouter();
  const params = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    if (password.length < PASSWORD_MIN_LENGTH || !PASSWORD_PATTERN.test(password)) {
      setError('Password must be at least 10 characters and include a letter, a number and a symbol.');
      return;
    }
    setLoading(true);
    const res = await signIn('credentials', { email, password, redirect: false });
    setLoading(false);
    if (res?.error) {
      setError('Invalid email or password');
      return;
    }
    router.push(params.get('callbackUrl') ?? '/dashboard');
  }

  return (
    <main className="mx-auto max-w-sm py-16">
      <h1 className="mb-6 text-2xl font-semibold">Sign in to TaskFlow</h1>
      <form onSubmit={onSubmit} className="space-y-4">
        <label className="block">
          <span className="text-sm">Email</span>
          <input
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            className="mt-1 w-full rounded border px-3 py-2"
            required
          />
        </label>
        <label className="block">
          <span className="text-sm">{passwordLabel}</span>
          <input
            type={showPassword ? 'text' : 'password'}
            name="password"
            autoComplete="current-password"
            placeholder={passwordPlaceholder}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            className="mt-1 w-full rounded border px-3 py-2"
            required
          />
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={showPassword} onChange={() => setShowPassword((v) => !v)} />
          Show password
        </label>
        {error && <p className="text-sm text-red-600">{error}</p>}
        <button disabled={loading} className="w-full rounded bg-black py-2 text-white">
          {loading ? 'Signing in…' : 'Sign in'}
        </button>
        <a href={forgotPasswordHref} className="block text-center text-sm underline">
          Forgot your password?
        </a>
        <button type="button" onClick={() => signIn('github')} className="w-full rounded border py-2">
          Continue with GitHub
        </button>
      </form>
    </main>
  );
}
