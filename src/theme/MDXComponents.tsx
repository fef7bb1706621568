import MDXComponents from '@theme-original/MDXComponents';
import LearningObjectives from '@site/src/components/LearningObjectives';
import Exercise from '@site/src/components/Exercise';
import ExerciseList from '@site/src/components/Exercise/ExerciseList';

// Components every chapter may use without importing them.
export default {
  ...MDXComponents,
  LearningObjectives,
  Exercise,
  ExerciseList,
};
