// Served by the API at /team; `vite build` output is plain static files for any web server.
import { browserAppConfig } from '../../vite.apps.shared.js';

export default browserAppConfig('team view', '/team');
