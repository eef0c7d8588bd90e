import { Module } from '@nestjs/common';
import { DeskAssetsController } from './desk-assets.controller.ts';

@Module({ controllers: [DeskAssetsController] })
export class DeskAssetsModule {}
