// Khronos glTF-Validator on one .glb: prints its issue counts and messages as JSON, exits 1 when
// it reports an error or a warning. Run with NODE_PATH pointing at the node_modules that holds
// gltf-validator (packaging/interop, installed by packaging/install-deps.sh).
const fs = require('fs');
const validator = require('gltf-validator');

const file = process.argv[2];
validator.validateBytes(new Uint8Array(fs.readFileSync(file)), {maxIssues: 50})
  .then((report) => {
    const {numErrors, numWarnings, numInfos, messages} = report.issues;
    console.log(JSON.stringify({numErrors, numWarnings, numInfos, messages, info: report.info}));
    process.exit(numErrors + numWarnings === 0 ? 0 : 1);
  })
  .catch((error) => {
    console.error(`${file}: glTF-Validator failed: ${error}`);
    process.exit(1);
  });
