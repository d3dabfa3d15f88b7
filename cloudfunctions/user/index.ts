import { api } from '@shared/api';
import { createFunction } from '../_lib/create-function';
import { me } from './me';
import { changePhone } from './phone';
import { register } from './register';
import { updateUnionCard } from './union-card';

export const main = createFunction('user', api.user, { me, register, updateUnionCard, changePhone });
