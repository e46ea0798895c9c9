export { PLOTLY_MIME, formatCount, type PlotlyFigure, type PlotlyTrace } from './figure';
export { courseClicksFromRows, searchClicksFromRows, clicksByEngine, courseClicksFigure, searchShareFigure } from './course-charts';
export { crashDrillFigure, regionWritesFigure, freshnessFigure } from './lesson-charts';
export { showFigure } from './show';
