/*
 * cmd_user.c - account commands (`passend user ...`).
 */
#include "cli.h"

const struct cli_command cli_commands_admin[] = {
    {NULL, NULL, NULL, NULL},
};
