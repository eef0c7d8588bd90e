import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { OpenApiController } from './openapi.controller.ts';
import { OpenApiDocument } from './openapi.document.ts';
import { RouteCatalog } from './route-catalog.ts';

/** The OpenAPI document of every route the gateway serves, at /docs/openapi.json, and its readable page at /docs. */
@Module({
  imports: [DiscoveryModule],
  controllers: [OpenApiController],
  providers: [RouteCatalog, OpenApiDocument],
  exports: [RouteCatalog, OpenApiDocument],
})
export class OpenApiModule {}
