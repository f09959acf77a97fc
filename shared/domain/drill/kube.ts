// Readers of `kubectl get … -o json` output. Run-command output is untrusted text from a cluster: it is parsed as
// JSON and read field by field; anything missing reads as "not ready", never as "fine".
export interface KubeItem {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly raw: Readonly<Record<string, unknown>>;
}

const obj = (v: unknown): Readonly<Record<string, unknown>> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Items of a `List` (or a single object); undefined when the text is not kubectl JSON. */
export function parseKubeList(text: string): KubeItem[] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const top = obj(doc);
  const items = Array.isArray(top.items) ? top.items : typeof top.kind === 'string' ? [top] : undefined;
  if (!items) return undefined;
  return items.map((item) => {
    const o = obj(item);
    const meta = obj(o.metadata);
    return { kind: str(o.kind) ?? '', name: str(meta.name) ?? '', namespace: str(meta.namespace), raw: o };
  });
}

export const field = { obj, str, num };

/** The disk a PersistentVolume is bound to: CSI volume handle, else the in-tree azureDisk URI (lower-cased). */
export function volumeDisk(pv: KubeItem): string | undefined {
  const spec = obj(pv.raw.spec);
  const handle = str(obj(spec.csi).volumeHandle) ?? str(obj(spec.azureDisk).diskURI);
  return handle?.toLowerCase();
}
