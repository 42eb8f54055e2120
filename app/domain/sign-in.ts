/**
 * What a sign-in may carry. The caps are far above any real username or password and far below what would make
 * checking one slow or costly (argon2 reads the whole password), so a bad input is refused before any work.
 */
import { z } from "zod";

export const USERNAME_MAX_CHARACTERS = 100;
export const PASSWORD_MAX_CHARACTERS = 1024;

export const signInInput = z.object({
  username: z
    .string({ error: "Enter your username." })
    .trim()
    .min(1, "Enter your username.")
    .max(USERNAME_MAX_CHARACTERS, `Usernames are at most ${USERNAME_MAX_CHARACTERS} characters. Check what you typed in the username box.`),
  password: z
    .string({ error: "Enter your password." })
    .min(1, "Enter your password.")
    .max(PASSWORD_MAX_CHARACTERS, `Passwords are at most ${PASSWORD_MAX_CHARACTERS.toLocaleString("en-GB")} characters. Check what you typed in the password box.`),
});
export type SignInInput = z.infer<typeof signInInput>;
