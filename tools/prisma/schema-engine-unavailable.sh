#!/bin/sh
# Stands in for Prisma's native schema engine, which is not installed: Parley applies its SQL migrations itself.
echo "The Prisma schema engine is not used by Parley; migrations are applied by each service's migrate command (see docs/database.md)." >&2
exit 1
