/*
 * cmd_ops.c - operations commands: generated demo data, copying between
 * backends, backup.
 */
#include "cli.h"

const struct cli_command cli_commands_ops[] = {
    {NULL, NULL, NULL, NULL},
};
