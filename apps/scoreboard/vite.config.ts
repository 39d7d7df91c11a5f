// Served by the API at /screen; `vite build` output is plain static files for any web server.
import { browserAppConfig } from '../../vite.apps.shared.js';

export default browserAppConfig('screen', '/screen');
