/**
 * What a new account (joining by an invite link) may be: one set of rules for the form's hints (app/routes/
 * invite.$token.tsx) and the server's checks (server/services/members.ts), so what the page asks for is exactly what is
 * accepted. No validation library here: the invite page loads this in the browser.
 */
export const USERNAME_RULES = { min: 3, max: 40, pattern: /^[a-zA-Z0-9._-]+$/ } as const;
export const PASSWORD_RULES = { min: 10, max: 200 } as const;

export const USERNAME_HINT = `You'll use this to sign in. ${USERNAME_RULES.min} to ${USERNAME_RULES.max} characters: the letters a to z, numbers, dots, dashes or underscores (no spaces or accents).`;
export const PASSWORD_HINT = `At least ${PASSWORD_RULES.min} characters. A short sentence is easy to remember.`;
