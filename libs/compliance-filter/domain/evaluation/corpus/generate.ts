// Regenerates the corpus files: `node libs/compliance-filter/domain/evaluation/corpus/generate.ts`.
// The seed is fixed so the committed .jsonl files are reproducible byte for byte.
import { writeFileSync } from 'node:fs';
import { adversarialMessages } from './adversarial-messages.ts';
import { type CorpusFile, toJsonLine } from './corpus-builder.ts';
import { negativeMessages } from './negatives-messages.ts';
import { NumberFactory } from './number-factory.ts';
import { realisticMessages } from './realistic-messages.ts';

const SEED = 20260714;

// Each file gets its own stream so editing one file's messages does not change the numbers in another.
const files: CorpusFile[] = [
  realisticMessages(new NumberFactory(SEED + 1)),
  adversarialMessages(new NumberFactory(SEED + 2)),
  negativeMessages(new NumberFactory(SEED + 3)),
];

for (const file of files) {
  const target = new URL(`./${file.name}.jsonl`, import.meta.url);
  writeFileSync(target, file.records.map(toJsonLine).join('\n') + '\n');
  console.log(`${file.name}.jsonl: ${file.records.length} messages`);
}
