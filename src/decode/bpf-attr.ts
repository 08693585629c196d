/**
 * Decodes the first bytes of a `union bpf_attr` captured from bpf(2)'s
 * `attr` (at most SYSRAY_BPF_ATTR_MAX = 72, and no more than the caller's
 * `size`). The union's layout depends on the command; only BPF_PROG_LOAD's
 * is decoded, with the kernel's field names (uapi linux/bpf.h):
 *   u32 prog_type @0, u32 insn_cnt @4, u64 insns @8, u64 license @16,
 *   u32 log_level @24, u32 log_size @28, u64 log_buf @32, u32 kern_version @40,
 *   u32 prog_flags @44, char prog_name[16] @48, u32 prog_ifindex @64,
 *   u32 expected_attach_type @68.
 * Pointers are left out (user addresses). A field is present only when the
 * captured bytes cover it; other commands give `{}`.
 */
export type DecodedBpfAttr = Record<string, number | string>;

export const BPF_PROG_LOAD = 5;

/** @example decodeBpfAttr(BPF_PROG_LOAD, bytes, 0, 72) // { prog_type: 2, insn_cnt: 2, ..., prog_name: 'kp', ... } */
export function decodeBpfAttr(cmd: number, buf: Buffer, offset: number, length: number): DecodedBpfAttr {
  const out: DecodedBpfAttr = {};
  if (cmd !== BPF_PROG_LOAD) return out;
  const end = offset + Math.max(0, Math.min(length, buf.length - offset));
  const u32 = (name: string, at: number): void => {
    if (offset + at + 4 <= end) out[name] = buf.readUInt32LE(offset + at);
  };
  u32('prog_type', 0);
  u32('insn_cnt', 4);
  u32('log_level', 24);
  u32('kern_version', 40);
  u32('prog_flags', 44);
  if (offset + 64 <= end) {
    const name = buf.subarray(offset + 48, offset + 64);
    const nul = name.indexOf(0);
    out.prog_name = name.toString('latin1', 0, nul < 0 ? 16 : nul);
  }
  u32('prog_ifindex', 64);
  u32('expected_attach_type', 68);
  return out;
}
