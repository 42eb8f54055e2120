/**
 * Whether an address people are given (a release's link for readers) names this computer only — localhost, a
 * loopback address or a ".localhost" name — so nobody else could open it. Happens when Copress runs without
 * PUBLIC_URL and is opened on the machine it runs on.
 */
export function namesThisComputerOnly(origin: string): boolean {
  let host: string;
  try {
    host = new URL(origin).hostname.toLowerCase();
  } catch {
    return false;
  }
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127(\.\d{1,3}){3}$/.test(host) ||
    host === "[::1]" ||
    host === "0.0.0.0"
  );
}
