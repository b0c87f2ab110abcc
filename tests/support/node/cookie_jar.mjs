// For the Node tests: a cookie jar in front of fetch, as a Node app keeps one.

/**
 * A Node app's cookie jar: what the server sets is sent back on the next request, as a
 * browser would. Every Set-Cookie header is kept (`seen`) for checks.
 */
export function cookieJar() {
  const cookies = new Map();
  const seen = [];
  const fetchWithCookies = async (input, init = {}) => {
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    if (cookies.size) headers.set("cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(input, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      seen.push(line);
      const [pair, ...attributes] = line.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      if (attributes.some((a) => a.toLowerCase() === "max-age=0")) cookies.delete(name);
      else cookies.set(name, pair.slice(eq + 1));
    }
    return response;
  };
  return { cookies, seen, fetch: fetchWithCookies };
}
