import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { colorIcon, outlineIcon, pngInfo } from '../../../../adapters/teams/appPackage/png.js';
import { zip } from '../../../../adapters/teams/appPackage/zip.js';
import { buildTeamsPackage, renderManifest } from '../../../../adapters/teams/package.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const out = mkdtempSync(path.join(tmpdir(), 'dea-teams-pkg-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Reads a ZIP's central directory and inflates each entry: an independent check of the writer. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const body = buf.subarray(dataStart, dataStart + size);
    files.set(name, method === 8 ? inflateRawSync(body) : Buffer.from(body));
    p += 46 + nameLen;
  }
  return files;
}

describe('Teams app package', () => {
  it('the committed icons are what the generator draws, at the sizes Teams requires', () => {
    const color = readFileSync('teams/color.png');
    const outline = readFileSync('teams/outline.png');
    expect(color.equals(colorIcon())).toBe(true);
    expect(outline.equals(outlineIcon())).toBe(true);
    expect(pngInfo(color)).toEqual({ width: 192, height: 192, colorType: 6 });
    expect(pngInfo(outline)).toEqual({ width: 32, height: 32, colorType: 6 });
  });

  it('builds a zip with the manifest (placeholders filled) and both icons', () => {
    const file = path.join(out, 'teams-app.zip');
    const { manifest } = buildTeamsPackage({
      env: { MICROSOFT_APP_ID: APP_ID, BOT_DOMAIN: 'https://bot.example.com/api/messages' },
      outFile: file,
    });
    const files = unzip(readFileSync(file));
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    expect(files.get('color.png')!.equals(readFileSync('teams/color.png'))).toBe(true);
    const m = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(m).toEqual(manifest);
    expect(Number(m.manifestVersion)).toBeGreaterThanOrEqual(1.17);
    expect(m.id).toBe(APP_ID);
    expect(m.bots[0].botId).toBe(APP_ID);
    expect(m.bots[0].scopes).toEqual(['team', 'groupChat', 'personal']);
    expect(m.bots[0].commandLists[0].commands.length).toBeGreaterThan(0);
    expect(m.validDomains).toEqual(['bot.example.com']);
    expect(m.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  it('opens with unzip -l when unzip is installed', () => {
    const file = path.join(out, 'listed.zip');
    buildTeamsPackage({ env: { MICROSOFT_APP_ID: APP_ID }, outFile: file });
    let listing: string;
    try {
      listing = execFileSync('unzip', ['-l', file], { encoding: 'utf8' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        return expect(unzip(readFileSync(file)).size).toBe(3);
      throw err;
    }
    expect(listing).toMatch(/manifest\.json/);
    expect(listing).toMatch(/3 files/);
  });

  it('refuses a missing or malformed app id and leaves no placeholder behind', () => {
    const template = readFileSync('teams/manifest.json', 'utf8');
    expect(() => renderManifest(template, {})).toThrow(/MICROSOFT_APP_ID is required/);
    expect(() => renderManifest(template, { MICROSOFT_APP_ID: 'abc' })).toThrow(/GUID/);
    const m = renderManifest(template, { MICROSOFT_APP_ID: APP_ID });
    expect(JSON.stringify(m)).not.toContain('${{');
    expect(m.validDomains).toEqual([]);
  });

  it('the zip writer round-trips stored and deflated entries', () => {
    const files = unzip(
      zip([
        { name: 'a.txt', data: Buffer.from('x'.repeat(1000)) },
        { name: 'b.bin', data: Buffer.from([1, 2, 3]) },
      ]),
    );
    expect(files.get('a.txt')!.toString()).toBe('x'.repeat(1000));
    expect([...files.get('b.bin')!]).toEqual([1, 2, 3]);
  });
});
