/** Signs in with the login form, as a browser would; returns the `Cookie` header of the session. */
export async function signInOverHttp(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl },
    body: new URLSearchParams({ username, password, redirectTo: "" }),
    redirect: "manual",
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.endsWith("="))
    .join("; ");
  await response.body?.cancel();
  if (response.status !== 302 || !cookie) throw new Error(`Sign-in as ${username} failed: HTTP ${response.status}`);
  return cookie;
}
