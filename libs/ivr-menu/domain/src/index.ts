export {
  QUEUE_KEY,
  menuDefinitionSchema,
  validateMenu,
  type MenuAction,
  type MenuDefinition,
  type MenuNode,
  type MenuOption,
  type MenuProblem,
  type MenuValidation,
} from './menu/menu-definition.ts';
export { matchOption, type MatchedBy } from './menu/option-matcher.ts';
export { PLAIN_LANGUAGE, classifyConsent, type ConsentIntent } from './consent/consent-keywords.ts';
export { businessHoursSchema, isOpen, nextOpening, type BusinessHours, type OpeningSpan, type Weekday } from './hours/business-hours.ts';
export {
  decideOnDeflection,
  decideOnMenuTimeout,
  decideOnOpening,
  decideOnText,
  enqueue,
  type Decision,
  type DeflectionInput,
  type EndReason,
  type FrontDoorSettings,
  type FrontDoorTexts,
  type OpenConversation,
  type Outcome,
  type QueueReason,
  type QueueSchedule,
  type ScheduleLookup,
  type Stage,
  type TextInput,
} from './front-door/front-door.ts';
