// SPDX-License-Identifier: Apache-2.0
/*
 * Regular-file output written by a thread of its own, with O_DIRECT where the
 * file system takes it (native/output_file.c; used by src/output/output-stream.ts).
 */
#ifndef SYSRAY_OUTPUT_FILE_H
#define SYSRAY_OUTPUT_FILE_H

#include <node_api.h>

/* Adds outputFileOpen, outputFileSubmit, outputFileFlush and outputFileClose to `exports`. */
napi_value output_file_init(napi_env env, napi_value exports);

#endif
