import { generateScenario, writeMasterXlsx, writeVillageFile } from '../../fixtures/generator/index.mts'
import { openEngine } from './engine'

/** An engine holding a generated month: the scenario's master, then each of its village files. */
export async function engineWithGeneratedMonth(seed: number, peoplePerDesa: number, desaCount = 3) {
  const scenario = generateScenario({ seed, desaCount, peoplePerDesa })
  const { engine } = await openEngine()
  await engine.importFile('master', { taskId: 'm', fileName: 'master.xlsx', bytes: writeMasterXlsx(scenario) })
  for (const f of scenario.villageFiles) {
    const v = writeVillageFile(scenario, f)
    await engine.importFile('village', { taskId: 'v', fileName: v.fileName, bytes: v.bytes })
  }
  return { engine, scenario }
}
