/** HTML-escaped text for element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface LoginPageInput {
  /** The pending authorization request the form completes. */
  requestId: string;
  username?: string;
  /** A message shown above the form (already Dutch, plain text). */
  error?: string;
  /** Ask for a new password (first sign-in with a temporary one). */
  newPassword?: boolean;
}

/** Same-origin stylesheet of the pages (the CSP allows no inline style). */
export const LOGIN_CSS = `:root{color-scheme:light dark;font-family:system-ui,sans-serif}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f4f6f8;color:#1b1f24}
main{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;width:min(22rem,90vw)}
h1{font-size:1.4rem;margin:0 0 1rem}label{display:block;margin:.8rem 0 .2rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.55rem;border:1px solid #8a949e;border-radius:4px;font:inherit}
button{margin-top:1.2rem;width:100%;padding:.6rem;border:0;border-radius:4px;background:#0b5cad;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button:focus-visible,input:focus-visible{outline:3px solid #f0a500;outline-offset:1px}
.fout{background:#fde8e8;color:#8a1c1c;border-left:4px solid #c62828;padding:.6rem;margin:0 0 1rem}
.hint{color:#4a535c;font-size:.9rem}
@media (prefers-color-scheme:dark){body{background:#111417;color:#e6e9ec}main{background:#1c2126}.hint{color:#b3bcc5}input{background:#111417;color:inherit}}
`;

const HEAD = `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Aanmelden — cashlink</title>
<link rel="stylesheet" href="/assets/login.css">
</head>
<body>
<main>
<h1>Aanmelden bij cashlink</h1>
`;

/** The sign-in form: no script, no inline style; POSTs to `/authorize` on the same origin. */
export function loginPage(input: LoginPageInput): string {
  const error = input.error ? `<p class="fout" role="alert" id="fout">${escapeHtml(input.error)}</p>\n` : '';
  const described = input.error ? ' aria-describedby="fout"' : '';
  const newPassword = input.newPassword
    ? `<label for="newPassword">Nieuw wachtwoord</label>
<input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required${described}>
<p class="hint">Minstens 12 tekens, met een hoofdletter, een kleine letter, een cijfer en een symbool.</p>
`
    : '';
  return `${HEAD}${error}<form method="post" action="/authorize">
<input type="hidden" name="request" value="${escapeHtml(input.requestId)}">
<label for="username">E-mailadres</label>
<input id="username" name="username" type="email" autocomplete="username" required value="${escapeHtml(input.username ?? '')}"${described}>
<label for="password">Wachtwoord</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${described}>
${newPassword}<button type="submit">Aanmelden</button>
</form>
</main>
</body>
</html>
`;
}

/** A page for a request that cannot go on (unknown client, unregistered redirect): no form. */
export function errorPage(message: string): string {
  return `${HEAD}<p class="fout" role="alert">${escapeHtml(message)}</p>
<p class="hint">Ga terug naar de app en probeer opnieuw aan te melden.</p>
</main>
</body>
</html>
`;
}
