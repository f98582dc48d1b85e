import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

/**
 * Language server entry (dist/server.js). The transport comes from the command line, as
 * vscode-languageserver reads it: `--stdio`, `--node-ipc`, `--socket=<port>`, `--pipe=<name>`.
 */
startServer(createConnection(ProposedFeatures.all));
