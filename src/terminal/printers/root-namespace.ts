/** The root namespace of a state's mesh: the one reading of it for every printer. */
import {meshRootNamespace} from '../../engine/model/resource';
import type {StateModel} from './model';

/** meshConfig.rootNamespace of the state's mesh config (StateModel.meshConfig), istio-system when unset. */
export const rootNamespaceOf = (model: StateModel): string => meshRootNamespace(model.meshConfig);
