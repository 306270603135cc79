import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The Go module of the AWS Lambda Runtime Interface Emulator, and the version the harness is pinned to. */
export const RIE_MODULE = 'github.com/aws/aws-lambda-runtime-interface-emulator';
/** The module proxy's newest version on 2026-12-01 (the repository tags no releases as Go versions). */
export const RIE_VERSION = 'v0.0.0-20261030222936-bef5c4ba774d';

/**
 * Path of `aws-lambda-rie`, built from the Go module proxy into the cache on
 * first use (`go install`, about a minute) and reused afterwards. Built into a
 * temporary folder and renamed into place, so checkouts sharing the cache
 * never see half a binary.
 *
 * @throws when Go is missing or the build fails, saying which.
 */
export function ensureEmulator(cacheDir: string): string {
  const dir = join(cacheDir, `aws-lambda-rie-${RIE_VERSION}`);
  const binary = join(dir, 'aws-lambda-rie');
  if (existsSync(binary)) return binary;
  mkdirSync(cacheDir, { recursive: true });
  const staging = mkdtempSync(join(cacheDir, '.rie-build-'));
  chmodSync(staging, 0o755);
  try {
    process.stderr.write(
      `Building the Lambda Runtime Interface Emulator ${RIE_VERSION} with go install (first run only)...\n`,
    );
    execFileSync('go', ['install', `${RIE_MODULE}/cmd/aws-lambda-rie@${RIE_VERSION}`], {
      // GOTOOLCHAIN=local: build with the Go on the machine, never fetch another toolchain.
      env: { ...process.env, GOBIN: staging, GOTOOLCHAIN: 'local', CGO_ENABLED: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (!existsSync(binary)) {
      try {
        renameSync(staging, dir);
      } catch (err) {
        // Another checkout finished first: its binary is as good as ours.
        if (!existsSync(binary)) throw err;
      }
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === 'ENOENT') {
      throw new Error(
        'The Lambda harness needs Go (1.22+) on PATH to build the Runtime Interface Emulator: install it (Debian: apt-get install golang)',
        { cause: err },
      );
    }
    throw new Error(
      `go install ${RIE_MODULE}/cmd/aws-lambda-rie failed:\n${e.stderr?.toString().slice(-2000) ?? e.message}`,
      {
        cause: err,
      },
    );
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}
