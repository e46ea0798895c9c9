export { formatCount, type ChartFigure, type PlotlyTrace } from './figure';
export { courseClicksFromRows, searchClicksFromRows, clicksByEngine, courseClicksFigure, searchShareFigure } from './course-charts';
export { crashDrillFigure, regionWritesFigure, hottestRegionFigure, freshnessFigure, storeLatencyFigure, jobComparisonFigure } from './lesson-charts';
export { featureImportanceFigure, thresholdFigure } from './detector-charts';
