import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledStylesheet } from './compiled-stylesheet.ts';
import { ConformanceError } from './conformance-error.ts';
import { OFFICIAL_ARTIFACT_FILES, type OfficialArtifact, officialArtifactFor } from './official-artifact.ts';
import { failedAssertsOf, type OfficialAssert } from './svrl.ts';

/**
 * The nearest folder with a package.json above this module: the repository, both from source and from the
 * CLI's bundle (dist/cli/), where this module's own depth is not the source's.
 */
function repositoryRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let folder = here; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) return join(here, '..', '..', '..');
  }
}

const repoRoot = repositoryRoot();

/** `../shared/conformance` beside the repository, unless CASHLINK_CONFORMANCE_DIR says otherwise. */
export const DEFAULT_CONFORMANCE_DIR =
  process.env.CASHLINK_CONFORMANCE_DIR ?? join(repoRoot, '..', 'shared', 'conformance');
/** Outside git, rebuilt by any `npm ci`; the SEF files are keyed by the stylesheet's hash. */
export const DEFAULT_SEF_CACHE_DIR = join(repoRoot, 'node_modules', '.cache', 'cashlink-conformance');

export interface OfficialValidatorOptions {
  conformanceDir?: string;
  cacheDir?: string;
}

/** What the official rule set says about one document. */
export interface OfficialVerdict {
  artifact: OfficialArtifact;
  asserts: OfficialAssert[];
  /**
   * The rule set itself stopped with an XPath error on this document (e.g. a cardinality the schema
   * forbids: two RegistrationNames): the document cannot be valid, and no assert list is complete.
   */
  failure?: string;
}

type Saxon = typeof import('saxon-js')['default'];

/**
 * Runs the official EN 16931 / SI-UBL 2.0 Schematron artifacts (XSLT, via SaxonJS) over documents.
 * The slow, certain path: each stylesheet is compiled once (cached on disk) and loaded once per validator.
 */
export class OfficialValidator {
  readonly conformanceDir: string;
  readonly cacheDir: string;
  readonly #loaded = new Map<OfficialArtifact, Promise<unknown>>();
  readonly #ruleIds = new Map<OfficialArtifact, Promise<ReadonlySet<string>>>();
  #saxon: Promise<Saxon> | undefined;

  constructor(options: OfficialValidatorOptions = {}) {
    this.conformanceDir = options.conformanceDir ?? DEFAULT_CONFORMANCE_DIR;
    this.cacheDir = options.cacheDir ?? DEFAULT_SEF_CACHE_DIR;
  }

  /** Compiles (if not cached) and loads an artifact; call ahead to keep compile time out of a timing. */
  prepare(artifact: OfficialArtifact): Promise<unknown> {
    let loaded = this.#loaded.get(artifact);
    if (!loaded) {
      loaded = this.#load(artifact);
      this.#loaded.set(artifact, loaded);
      loaded.catch(() => this.#loaded.delete(artifact));
    }
    return loaded;
  }

  /** Validates one UBL or CII document (text) against the artifact its CustomizationID declares. */
  async validate(
    xml: string,
    artifact: OfficialArtifact = officialArtifactFor(xml),
  ): Promise<OfficialVerdict> {
    // SaxonJS would resolve a DOCTYPE's entities; our own reader refuses them, so the oracle does too.
    if (/<!DOCTYPE|<!ENTITY/i.test(xml))
      throw new ConformanceError('a document with a DOCTYPE is not given to the official validator');
    const [saxon, stylesheet] = await Promise.all([this.#saxonJs(), this.prepare(artifact)]);
    let svrl: string;
    try {
      svrl = saxon.transform(
        { stylesheetInternal: stylesheet, sourceText: xml, destination: 'serialized' },
        'sync',
      ).principalResult;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { artifact, asserts: [], failure: message.replace(/\s+/g, ' ').slice(0, 300) };
    }
    return { artifact, asserts: failedAssertsOf(svrl) };
  }

  /** Every rule id the artifact can report (its asserts' ids), read from the stylesheet. */
  ruleIds(artifact: OfficialArtifact): Promise<ReadonlySet<string>> {
    let ids = this.#ruleIds.get(artifact);
    if (!ids) {
      const xslPath = join(this.conformanceDir, OFFICIAL_ARTIFACT_FILES[artifact]);
      ids = readFile(xslPath, 'utf8').then(
        (xsl) =>
          new Set(
            [...xsl.matchAll(/<xsl:attribute name="id">([^<]+)<\/xsl:attribute>/g)].map(
              (m) => m[1] as string,
            ),
          ),
        (cause: unknown) => {
          throw new ConformanceError(`cannot read the official stylesheet ${xslPath}`, { cause });
        },
      );
      this.#ruleIds.set(artifact, ids);
    }
    return ids;
  }

  async #load(artifact: OfficialArtifact): Promise<unknown> {
    const xslPath = join(this.conformanceDir, OFFICIAL_ARTIFACT_FILES[artifact]);
    const sefPath = await compiledStylesheet(xslPath, this.cacheDir);
    try {
      return JSON.parse(await readFile(sefPath, 'utf8')) as unknown;
    } catch (cause) {
      throw new ConformanceError(`cannot load the compiled stylesheet ${sefPath}`, { cause });
    }
  }

  #saxonJs(): Promise<Saxon> {
    this.#saxon ??= import('saxon-js').then((m) => m.default);
    return this.#saxon;
  }
}
