import * as fs from 'node:fs';
import { loadBotModel, type BotModel } from './bot-model';
import type { ModelSource } from './job';

/**
 * The bot model as `lab train` saves it (LAB_HOME/data/detector/bot-model.json), loaded again whenever the file's
 * time changes: a model trained in the lesson reaches the running detector without a restart. A model that does
 * not load is reported once and the previous one kept.
 */
export class ModelFile implements ModelSource {
  private loaded: { model: BotModel | null; savedAt: string | null } = { model: null, savedAt: null };
  private refused: string | null = null;

  constructor(private readonly file: string) {}

  current(): { model: BotModel | null; savedAt: string | null } {
    let savedAt: string;
    try {
      savedAt = fs.statSync(this.file).mtime.toISOString();
    } catch {
      return this.loaded;
    }
    if (savedAt === this.loaded.savedAt || savedAt === this.refused) return this.loaded;
    try {
      this.loaded = { model: loadBotModel(this.file), savedAt };
    } catch (err) {
      this.refused = savedAt;
      console.error(`detector: keeping the bot model it has; ${this.file} does not load: ${String(err)}`);
    }
    return this.loaded;
  }
}
