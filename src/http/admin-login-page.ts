/**
 * The /admin sign-in form: one self-contained page (no scripts, no CDN, inline style only, allowed by its CSP).
 * The token goes in the POST body, so it never appears in a URL, a log line or the browser history.
 */
export function loginPage(): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>petition-hub · operator sign-in</title>
<style>body{font:15px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}
textarea{width:100%;height:7rem;font:12px monospace}button{margin-top:.8rem;padding:.4rem 1.2rem}</style></head>
<body><h1>Operator sign-in / 运维登录</h1>
<p>Paste a city-bureau <b>OPERATOR</b> token. The hub keeps a server-side session (at most 8 hours) and sets only a
random session id as a cookie; the token is not stored.</p>
<form method="post" action="/admin/login" autocomplete="off">
<label for="token">Token</label><textarea id="token" name="token" required spellcheck="false"></textarea>
<button type="submit">Sign in</button></form>
<form method="post" action="/admin/logout"><button type="submit">Sign out</button></form>
</body></html>
`;
}
