// All-or-nothing tags: every digest must already be in the registry, each tag's previous digest
// is recorded, then tags move one by one; on any failure the moved ones are put back.
import { DeleteRefusedError, ReleaseIncompleteError } from "../errors/release.ts";
import type { Manifest, RegistryClient } from "../registry/client.ts";
import { adoptEquivalent } from "./equivalent.ts";
import { causeText, describeTags, readBack, type TagRecord } from "./tag-report.ts";

/** One image of the release: the digest pushed untagged, and the tags that should point at it. */
export interface TagAssignment {
  target: string;
  repository: string;
  digest: string;
  tags: string[];
}

export interface TagChange {
  target: string;
  repository: string;
  tag: string;
  digest: string;
  /** Digest the tag pointed at before; undefined when the tag is new. */
  previous?: Manifest;
  status: "moved" | "unchanged";
}

export interface MoveResult {
  changes: TagChange[];
}

type Log = (line: string) => void;

export async function moveTags(
  client: RegistryClient,
  wanted: TagAssignment[],
  log: Log = () => undefined,
): Promise<MoveResult> {
  const assignments = await adoptEquivalent(client, wanted, log);
  const manifests = await verifyDigests(client, assignments);
  const planned = await recordPrevious(client, assignments);
  const moved: TagChange[] = [];
  for (const change of moveOrder(planned)) {
    try {
      await putTag(client, change, manifests);
      log(`tagged ${client.host}/${change.repository}:${change.tag} → ${change.digest}`);
      moved.push(change);
    } catch (error) {
      const { deleteRefused } = await rollback(client, moved, manifests, log);
      const records = await readBack(client, planned.map(recordOf));
      const headline =
        `release stopped while tagging ` +
        `${client.host}/${change.repository}:${change.tag}: ` +
        `${causeText(error)}`;
      const lines = describeTags({ host: client.host, records, deleteRefused });
      throw new ReleaseIncompleteError([headline, ...lines].join("\n"), records);
    }
  }
  return { changes: planned };
}

/**
 * Tags that existed move first: a PUT of their old manifest always undoes them. New tags move
 * last, because undoing them needs a DELETE that some registries (GHCR, Docker Hub) refuse.
 */
export function moveOrder(planned: TagChange[]): TagChange[] {
  const moving = planned.filter((change) => change.status === "moved");
  return [...moving.filter((change) => change.previous), ...moving.filter((change) => !change.previous)];
}

function recordOf(change: TagChange): TagRecord {
  const before = change.status === "unchanged" ? change.digest : (change.previous?.digest ?? null);
  return { target: change.target, repository: change.repository, tag: change.tag, before, wanted: change.digest };
}

/** Every digest must be there before any tag moves: a missing one stops the release with nothing tagged. */
async function verifyDigests(client: RegistryClient, assignments: TagAssignment[]): Promise<Map<string, Manifest>> {
  const manifests = new Map<string, Manifest>();
  const missing: string[] = [];
  for (const item of assignments) {
    const manifest = await client.getManifest(item.repository, item.digest);
    if (manifest) manifests.set(key(item.repository, item.digest), manifest);
    else missing.push(`${client.host}/${item.repository}@${item.digest}`);
  }
  if (missing.length > 0) {
    throw new ReleaseIncompleteError(
      `release stopped before moving any tag: ` +
        `${missing.join(", ")} ` +
        `${missing.length === 1 ? "is" : "are"} not in the registry. ` +
        `No tag was changed; rerun the release.`,
    );
  }
  return manifests;
}

async function recordPrevious(client: RegistryClient, assignments: TagAssignment[]): Promise<TagChange[]> {
  const changes: TagChange[] = [];
  for (const item of assignments) {
    for (const tag of item.tags) {
      const current = await client.headManifest(item.repository, tag);
      const base = { target: item.target, repository: item.repository, tag, digest: item.digest };
      if (current?.digest === item.digest) changes.push({ ...base, status: "unchanged" });
      else
        changes.push({
          ...base,
          status: "moved",
          ...(current ? { previous: await requireManifest(client, item.repository, current.digest) } : {}),
        });
    }
  }
  return changes;
}

async function requireManifest(client: RegistryClient, repository: string, digest: string): Promise<Manifest> {
  const manifest = await client.getManifest(repository, digest);
  if (!manifest)
    throw new ReleaseIncompleteError(
      `release stopped before moving any tag: ` +
        `${client.host}/${repository}@${digest} vanished while ` +
        `recording the previous tags. No tag was changed.`,
    );
  return manifest;
}

async function putTag(client: RegistryClient, change: TagChange, manifests: Map<string, Manifest>): Promise<void> {
  const manifest = manifests.get(key(change.repository, change.digest));
  if (!manifest) throw new Error(`no manifest recorded for ${change.repository}@${change.digest}`);
  const stored = await client.putManifest(change.repository, change.tag, manifest);
  if (stored !== change.digest)
    throw new Error(`the registry stored ${change.repository}:${change.tag} as ${stored}, expected ${change.digest}`);
}

/** Undo: tags that existed get their old manifest back; new ones are deleted where the registry allows. */
async function rollback(
  client: RegistryClient,
  moved: TagChange[],
  manifests: Map<string, Manifest>,
  log: Log,
): Promise<{ deleteRefused: boolean }> {
  let deleteRefused = false;
  const attempt = async (changes: TagChange[], step: () => Promise<void>): Promise<void> => {
    try {
      await step();
      for (const change of changes) log(`rolled back ${client.host}/${change.repository}:${change.tag}`);
    } catch (error) {
      deleteRefused ||= error instanceof DeleteRefusedError;
      for (const change of changes) {
        log(`could not roll back ${client.host}/${change.repository}:${change.tag}: ${causeText(error)}`);
      }
    }
  };
  for (const change of [...moved].reverse().filter((item) => item.previous)) {
    await attempt([change], () =>
      client.putManifest(change.repository, change.tag, change.previous as Manifest).then(() => undefined),
    );
  }
  for (const group of groupByDigest(moved.filter((item) => !item.previous))) {
    await attempt(group, () => deleteNewTags(client, group, manifests));
  }
  return { deleteRefused };
}

function groupByDigest(changes: TagChange[]): TagChange[][] {
  const groups = new Map<string, TagChange[]>();
  for (const change of changes)
    groups.set(key(change.repository, change.digest), [
      ...(groups.get(key(change.repository, change.digest)) ?? []),
      change,
    ]);
  return [...groups.values()];
}

/** New tags of one digest: delete by tag where the registry can; else by digest (see below). */
async function deleteNewTags(
  client: RegistryClient,
  group: TagChange[],
  manifests: Map<string, Manifest>,
): Promise<void> {
  const first = group[0];
  if (!first) return;
  const outcomes = [];
  for (const change of group) outcomes.push(await client.deleteManifest(change.repository, change.tag));
  if (!outcomes.includes("unsupported")) return;
  const manifest = manifests.get(key(first.repository, first.digest));
  if (!manifest) throw new Error(`no manifest recorded for ${first.repository}@${first.digest}`);
  await deleteByDigest(client, first.repository, manifest, new Set(group.map((change) => change.tag)));
}

/**
 * Registries that delete only by digest (distribution 2.x) drop every tag of that digest:
 * find the tags on it that were there before the release and put them back afterwards.
 */
async function deleteByDigest(
  client: RegistryClient,
  repository: string,
  manifest: Manifest,
  newTags: Set<string>,
): Promise<void> {
  const keep: string[] = [];
  for (const tag of await client.listTags(repository)) {
    if (newTags.has(tag)) continue;
    if ((await client.headManifest(repository, tag))?.digest === manifest.digest) keep.push(tag);
  }
  if ((await client.deleteManifest(repository, manifest.digest)) === "unsupported")
    throw new DeleteRefusedError(repository);
  for (const tag of keep) await client.putManifest(repository, tag, manifest);
}

function key(repository: string, digest: string): string {
  return `${repository}@${digest}`;
}
