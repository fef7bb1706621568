import MDXComponents from '@theme-original/MDXComponents';
import LearningObjectives from '@site/src/components/LearningObjectives';

// Components every chapter may use without importing them.
export default {
  ...MDXComponents,
  LearningObjectives,
};
