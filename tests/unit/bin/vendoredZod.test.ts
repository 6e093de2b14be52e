/**
 * bin/build.js points the compiled files' zod imports at one bundle (dist/vendor/zod.js), and refuses to build when
 * a zod import has a form it does not rewrite, so no compiled file can load a second copy of zod.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: bin/build.js is plain JavaScript without declarations
import { useVendoredZod } from '../../../bin/build.js';

const rewrite = useVendoredZod as (code: string, file: string, vendorFile: string) => string;
const VENDOR = '/r/dist/vendor/zod.js';

describe('the zod bundle of the compiled command line', () => {
  it('rewrites the three import forms the sources use, relative to each file', () => {
    const code = [
      'import { z } from "zod";',
      'import * as zm from "zod/mini";',
      'import { toJSONSchema } from "zod/v4/core";',
    ].join('\n');
    expect(rewrite(code, '/r/dist/bot/config/schema.js', VENDOR).split('\n')).toEqual([
      'import { z } from "../../vendor/zod.js";',
      'import { mini as zm } from "../../vendor/zod.js";',
      'import { toJSONSchema } from "../../vendor/zod.js";',
    ]);
    expect(rewrite('import { z } from "zod";', '/r/dist/cli.js', VENDOR)).toBe(
      'import { z } from "./vendor/zod.js";',
    );
  });

  it('fails the build on any other form of zod import', () => {
    for (const code of [
      'import { z, ZodError } from "zod";',
      'import * as core from "zod/v4/core";',
      'const z = await import("zod");',
      "export { z } from 'zod';",
    ])
      expect(() => rewrite(code, '/r/dist/x.js', VENDOR)).toThrow(/zod import of a form/);
  });
});
