// Served by the API at /jury; `vite build` output is plain static files for any web server.
import { browserAppConfig } from '../../vite.apps.shared.js';

export default browserAppConfig('jury console', '/jury');
