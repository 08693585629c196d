/** bpf(2) commands (enum bpf_cmd, kernel 6.18 BTF). BPF_PROG_RUN is an alias of BPF_PROG_TEST_RUN. */
import type { EnumEntry } from './enum-names.js';
import { EnumRenderer } from './enum-names.js';

export const BPF_CMDS: readonly EnumEntry[] = [
  'BPF_MAP_CREATE', 'BPF_MAP_LOOKUP_ELEM', 'BPF_MAP_UPDATE_ELEM', 'BPF_MAP_DELETE_ELEM',
  'BPF_MAP_GET_NEXT_KEY', 'BPF_PROG_LOAD', 'BPF_OBJ_PIN', 'BPF_OBJ_GET', 'BPF_PROG_ATTACH',
  'BPF_PROG_DETACH', 'BPF_PROG_TEST_RUN', 'BPF_PROG_GET_NEXT_ID', 'BPF_MAP_GET_NEXT_ID',
  'BPF_PROG_GET_FD_BY_ID', 'BPF_MAP_GET_FD_BY_ID', 'BPF_OBJ_GET_INFO_BY_FD', 'BPF_PROG_QUERY',
  'BPF_RAW_TRACEPOINT_OPEN', 'BPF_BTF_LOAD', 'BPF_BTF_GET_FD_BY_ID', 'BPF_TASK_FD_QUERY',
  'BPF_MAP_LOOKUP_AND_DELETE_ELEM', 'BPF_MAP_FREEZE', 'BPF_BTF_GET_NEXT_ID', 'BPF_MAP_LOOKUP_BATCH',
  'BPF_MAP_LOOKUP_AND_DELETE_BATCH', 'BPF_MAP_UPDATE_BATCH', 'BPF_MAP_DELETE_BATCH',
  'BPF_LINK_CREATE', 'BPF_LINK_UPDATE', 'BPF_LINK_GET_FD_BY_ID', 'BPF_LINK_GET_NEXT_ID',
  'BPF_ENABLE_STATS', 'BPF_ITER_CREATE', 'BPF_LINK_DETACH', 'BPF_PROG_BIND_MAP',
  'BPF_TOKEN_CREATE', 'BPF_PROG_STREAM_READ_BY_FD',
].map((name, value) => [name, value] as const);

const renderer = new EnumRenderer(BPF_CMDS);

/** @example renderBpfCmd(5n) // 'BPF_PROG_LOAD' */
export function renderBpfCmd(value: bigint): string {
  return renderer.render(value);
}
