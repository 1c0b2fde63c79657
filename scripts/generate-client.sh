#!/usr/bin/env bash
# Regenerates tests/Client/Generated, the C# client, with the Kiota pinned in .config/dotnet-tools.json, from the live
# /openapi/v1.json of an embedded MotCua: GeneratedClientTests does the generating (MOTCUA_UPDATE_CLIENT=1 makes it
# write the client instead of comparing), so the test and this script use the same document and the same options.
# Then build: code that calls what the document no longer has fails to compile (tests/Client.Tests shows it).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore
if ! dotnet build tests/Client.Tests/Client.Tests.csproj -c Release; then
  echo "The build failed. If tests/Client/Generated itself does not compile (edited by hand, a bad merge), restore it with" >&2
  echo "'git checkout -- tests/Client/Generated' and run this script again." >&2
  exit 1
fi
MOTCUA_UPDATE_CLIENT=1 dotnet test tests/Client.Tests/Client.Tests.csproj -c Release --no-build \
  --filter "FullyQualifiedName=MotCua.Client.Tests.GeneratedClientTests.TheCommittedClientIsWhatKiotaGeneratesFromTheLiveDocument"
git status --short -- tests/Client/Generated
