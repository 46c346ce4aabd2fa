/**
 * The server's exit code for a refusal that a restart cannot cure (its configuration clashes with a running instance):
 * the launcher stops instead of restarting it for ever. 78 is EX_CONFIG from sysexits.h.
 */
export const SERVER_REFUSED_EXIT_CODE = 78;
