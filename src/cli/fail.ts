/** Bad input ends a command with one line on stderr and exit status 2, never a stack trace. */
export function fail(message: string): never {
  process.stderr.write(`${message.split('\n')[0]}\n`);
  process.exit(2);
}
