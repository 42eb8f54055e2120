/**
 * What a sign-in may carry. The caps are far above any real username or password and far below what would make
 * checking one slow or costly (argon2 reads the whole password), so a bad input is refused before any work.
 */
import * as z from "zod/mini"; // small in the browser (issue 12); mixes with full Zod on the server

export const USERNAME_MAX_CHARACTERS = 100;
export const PASSWORD_MAX_CHARACTERS = 1024;

export const signInInput = z.object({
  username: z
    .string({ error: "Enter your username." })
    .check(
      z.trim(),
      z.minLength(1, "Enter your username."),
      z.maxLength(
        USERNAME_MAX_CHARACTERS,
        `Usernames are at most ${USERNAME_MAX_CHARACTERS} characters. Check what you typed in the username box.`,
      ),
    ),
  password: z
    .string({ error: "Enter your password." })
    .check(
      z.minLength(1, "Enter your password."),
      z.maxLength(
        PASSWORD_MAX_CHARACTERS,
        `Passwords are at most ${PASSWORD_MAX_CHARACTERS.toLocaleString("en-GB")} characters. Check what you typed in the password box.`,
      ),
    ),
});
export type SignInInput = z.infer<typeof signInInput>;
