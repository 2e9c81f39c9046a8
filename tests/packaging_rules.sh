#!/usr/bin/env bash
# Checks that docker/Dockerfile's build stage installs exactly the packages of
# scripts/install-deps.sh: no Docker engine runs in CI, so the script is what gets tested.
set -u
root=${1:-.}
cd "$root" || exit 2

script_pkgs=$(sed -n '/^packages=(/,/^)/p' scripts/install-deps.sh | sed '1d;$d' | tr -s ' \n' '\n' | grep -v '^$' | sort)
docker_pkgs=$(sed -n '/^FROM .* AS build/,/^FROM /p' docker/Dockerfile |
  sed -n '/apt-get install/,/rm -rf/p' | tr -s ' \\\n' '\n' |
  grep -vE '^(RUN|apt-get|update|&&|DEBIAN_FRONTEND=noninteractive|install|-y|--no-install-recommends|rm|-rf|/var/lib/apt/lists/\*|)$' | sort)

if [ "$script_pkgs" != "$docker_pkgs" ]; then
  echo "docker/Dockerfile and scripts/install-deps.sh install different packages:"
  diff <(echo "$script_pkgs") <(echo "$docker_pkgs")
  exit 1
fi
echo "Dockerfile build stage installs the same $(echo "$script_pkgs" | wc -l) packages as install-deps.sh"
